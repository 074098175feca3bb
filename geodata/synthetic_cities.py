"""The cities the synthetic national set crowds around: name, WGS-84 centre, urban population.

Populations are the urban-area (城区) resident population of the Seventh National Population
Census (2020), as published by the State Council census office in 《2020中国人口普查分县资料》
(China Population Census Yearbook 2020 by County, 2022) and reported in the press with its
ranking of China's 105 cities of a million or more (7 of over 10 million, 14 of 5 to 10
million). Figures are in millions, rounded to 0.1; for the smaller cities, kept so that the
west and the border provinces are not empty, they are approximate. Centres are each city's
central district, to about 0.01 degree (WGS-84). The table only weights where synthetic stations
go (:mod:`geodata.synthetic`); it is not offered as a statistic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class City:
    zh: str
    en: str
    lon: float  # WGS-84
    lat: float
    population_m: float  # urban-area residents, millions (2020 census)


CITIES = tuple(
    City(*row)
    for row in (
        ("上海", "Shanghai", 121.47, 31.23, 19.9), ("北京", "Beijing", 116.40, 39.90, 18.8),
        ("深圳", "Shenzhen", 114.06, 22.54, 17.4), ("重庆", "Chongqing", 106.55, 29.56, 15.3),
        ("广州", "Guangzhou", 113.26, 23.13, 13.9), ("成都", "Chengdu", 104.07, 30.66, 13.3),
        ("天津", "Tianjin", 117.20, 39.13, 11.7), ("武汉", "Wuhan", 114.30, 30.59, 10.0),
        ("东莞", "Dongguan", 113.75, 23.02, 9.5), ("西安", "Xi'an", 108.94, 34.34, 9.3),
        ("杭州", "Hangzhou", 120.16, 30.27, 8.7), ("佛山", "Foshan", 113.12, 23.02, 8.5),
        ("南京", "Nanjing", 118.80, 32.06, 7.9), ("沈阳", "Shenyang", 123.43, 41.80, 7.1),
        ("青岛", "Qingdao", 120.38, 36.07, 6.0), ("济南", "Jinan", 117.00, 36.67, 5.9),
        ("长沙", "Changsha", 112.94, 28.23, 5.6), ("哈尔滨", "Harbin", 126.63, 45.75, 5.5),
        ("郑州", "Zhengzhou", 113.63, 34.75, 5.3), ("昆明", "Kunming", 102.83, 24.88, 5.3),
        ("大连", "Dalian", 121.61, 38.91, 5.2), ("合肥", "Hefei", 117.23, 31.82, 4.9),
        ("南宁", "Nanning", 108.37, 22.82, 4.6), ("石家庄", "Shijiazhuang", 114.51, 38.04, 4.6),
        ("厦门", "Xiamen", 118.09, 24.48, 4.4), ("太原", "Taiyuan", 112.55, 37.87, 4.4),
        ("苏州", "Suzhou", 120.59, 31.30, 4.4), ("长春", "Changchun", 125.32, 43.82, 4.1),
        ("贵阳", "Guiyang", 106.63, 26.65, 4.0), ("宁波", "Ningbo", 121.55, 29.87, 4.0),
        ("福州", "Fuzhou", 119.30, 26.08, 4.0), ("无锡", "Wuxi", 120.31, 31.49, 4.0),
        ("乌鲁木齐", "Urumqi", 87.62, 43.83, 3.9), ("南昌", "Nanchang", 115.86, 28.68, 3.8),
        ("常州", "Changzhou", 119.97, 31.81, 3.6), ("兰州", "Lanzhou", 103.83, 36.06, 2.9),
        ("汕头", "Shantou", 116.68, 23.35, 2.9), ("徐州", "Xuzhou", 117.28, 34.21, 2.7),
        ("唐山", "Tangshan", 118.18, 39.63, 2.6), ("惠州", "Huizhou", 114.42, 23.11, 2.5),
        ("温州", "Wenzhou", 120.70, 28.00, 2.5), ("临沂", "Linyi", 118.36, 35.10, 2.3),
        ("呼和浩特", "Hohhot", 111.75, 40.84, 2.2), ("海口", "Haikou", 110.33, 20.03, 2.1),
        ("洛阳", "Luoyang", 112.45, 34.62, 2.1), ("泉州", "Quanzhou", 118.68, 24.87, 2.0),
        ("南通", "Nantong", 120.89, 31.98, 2.0), ("银川", "Yinchuan", 106.23, 38.49, 1.9),
        ("包头", "Baotou", 109.84, 40.66, 1.9), ("淄博", "Zibo", 118.05, 36.81, 1.9),
        ("烟台", "Yantai", 121.45, 37.46, 1.9), ("潍坊", "Weifang", 119.16, 36.71, 1.8),
        ("西宁", "Xining", 101.78, 36.62, 1.7), ("柳州", "Liuzhou", 109.41, 24.33, 1.7),
        ("保定", "Baoding", 115.46, 38.87, 1.7), ("邯郸", "Handan", 114.54, 36.63, 1.6),
        ("大同", "Datong", 113.30, 40.08, 1.5), ("扬州", "Yangzhou", 119.41, 32.39, 1.4),
        ("襄阳", "Xiangyang", 112.14, 32.04, 1.4), ("吉林", "Jilin", 126.55, 43.84, 1.4),
        ("鞍山", "Anshan", 122.99, 41.11, 1.4), ("大庆", "Daqing", 125.10, 46.59, 1.3),
        ("宜昌", "Yichang", 111.29, 30.69, 1.3), ("遵义", "Zunyi", 106.93, 27.73, 1.3),
        ("绵阳", "Mianyang", 104.68, 31.47, 1.2), ("赣州", "Ganzhou", 114.93, 25.83, 1.2),
        ("齐齐哈尔", "Qiqihar", 123.92, 47.35, 1.1), ("拉萨", "Lhasa", 91.13, 29.65, 0.6),
        ("喀什", "Kashgar", 75.99, 39.47, 0.7), ("海拉尔", "Hailar", 119.77, 49.21, 0.4),
        ("格尔木", "Golmud", 94.90, 36.40, 0.2), ("克拉玛依", "Karamay", 84.87, 45.58, 0.4),
        ("日喀则", "Shigatse", 88.88, 29.27, 0.1), ("酒泉", "Jiuquan", 98.49, 39.73, 0.4),
    )
)  # fmt: skip
